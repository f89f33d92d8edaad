// An error boundary around the app and around each panel: an unexpected error while drawing a part of the page
// shows what failed and offers to try again or to reset every setting to its default, instead of a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What this boundary holds, as the message names it ("the Image panel"). */
  name: string;
  children: ReactNode;
}

interface State {
  error?: Error;
}

/** Reopens the page without its query: every setting at its default. */
export function resetToDefaults(): void {
  window.location.assign(window.location.pathname);
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`${this.props.name} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel error-boundary" role="alert" data-testid="error-boundary" data-part={this.props.name}>
        <h2>Something went wrong in {this.props.name}</h2>
        <p data-testid="error-boundary-message">
          {error.name}: {error.message}
        </p>
        <p>The rest of the page keeps working.</p>
        <div className="row">
          <button type="button" data-testid="error-retry" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
          <button type="button" data-testid="error-reset" onClick={resetToDefaults}>
            Reset to defaults
          </button>
        </div>
      </section>
    );
  }
}

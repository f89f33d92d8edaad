// The page's own message line: what the link could not restore as written (each note names the field) and any
// error no part of the page handled. Both stay until dismissed.
import { useApp } from '../store';
import { resetToDefaults } from './ErrorBoundary';
import { MessageLine } from './MessageLine';

export function PageMessages() {
  const link = useApp((s) => s.linkMessage);
  const appError = useApp((s) => s.appError);
  if (!link && !appError) return null;
  return (
    <div className="page-messages">
      {link && (
        <div className="row">
          <MessageLine message={link} testId="link-message" />
          <button
            type="button"
            data-testid="link-message-dismiss"
            onClick={() => useApp.setState({ linkMessage: undefined })}
          >
            Dismiss
          </button>
        </div>
      )}
      {appError && (
        <div className="row">
          <MessageLine message={{ level: 'error', text: `Something went wrong: ${appError}` }} testId="app-error" />
          <button type="button" onClick={() => useApp.setState({ appError: undefined })}>
            Dismiss
          </button>
          <button type="button" onClick={resetToDefaults}>
            Reset to defaults
          </button>
        </div>
      )}
    </div>
  );
}

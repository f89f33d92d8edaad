import type { Message } from '../store';

const ICON = { error: '⛔', warning: '⚠️', info: 'ℹ️' } as const;

export function MessageLine({ message, testId }: { message: Message; testId?: string }) {
  return (
    <p
      className={`message ${message.level}`}
      role={message.level === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <span aria-hidden="true">{ICON[message.level]} </span>
      {message.text}
    </p>
  );
}

import type { Message } from '../store';

const PREFIX = { error: 'Error:', warning: 'Note:', info: '' } as const;

export function MessageLine({ message, testId }: { message: Message; testId?: string }) {
  return (
    <p
      className={`message ${message.level}`}
      role={message.level === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {PREFIX[message.level] && <strong>{PREFIX[message.level]}</strong>}
      {message.text}
    </p>
  );
}

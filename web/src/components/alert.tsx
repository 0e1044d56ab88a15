import type { ReactNode } from 'react';

type AlertProps = {
  tone?: 'error' | 'info' | 'success';
  children: ReactNode;
  'data-testid'?: string;
};

export function Alert({ tone = 'error', children, 'data-testid': testId }: AlertProps) {
  // Errors interrupt (role=alert); other notices are announced politely.
  return (
    <div
      className={`alert alert--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

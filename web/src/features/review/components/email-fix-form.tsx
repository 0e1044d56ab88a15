import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

type EmailFixFormProps = {
  /** The email as the row has it now (empty for a missing one), to edit rather than retype. */
  initialEmail: string;
  pending: boolean;
  /** The API's reason a fix was refused, shown next to the input. */
  error: string | null;
  onFix: (email: string) => void;
};

export function EmailFixForm({ initialEmail, pending, error, onFix }: EmailFixFormProps) {
  const [email, setEmail] = useState(initialEmail);
  const id = useId();
  const trimmed = email.trim();
  const inputRef = useRef<HTMLInputElement>(null);
  // A refused fix: back to the input, to correct the email where the reason is read out.
  useEffect(() => {
    if (error) inputRef.current?.focus();
  }, [error]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (trimmed && !pending) onFix(trimmed);
  };

  return (
    // noValidate: the API applies the spec's email rule and says what is wrong; the browser's
    // own, looser check would only stand in its way.
    <form className="fix-form" onSubmit={onSubmit} noValidate data-testid="fix-email-form">
      <div className="field">
        <label htmlFor={`${id}-email`}>New email</label>
        <div className="fix-form__row">
          <input
            ref={inputRef}
            id={`${id}-email`}
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            data-testid="fix-email-input"
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={pending || trimmed === ''}
          >
            {pending ? 'Saving…' : 'Fix email'}
          </button>
        </div>
        {error ? (
          <p id={`${id}-error`} className="field__error" role="alert" data-testid="fix-email-error">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="field__hint">
            The row joins the contacts with this email; a conflict opens a duplicate issue.
          </p>
        )}
      </div>
    </form>
  );
}

/** Submit and Cancel (or Done, for a form that stays open), and the form's error (announced) below them. */
export function FormFooter({ submitLabel, onCancel, error, cancelLabel = 'Cancel' }: { submitLabel: string; onCancel: () => void; error: string | null; cancelLabel?: string }) {
  return (
    <>
      <div className="row">
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

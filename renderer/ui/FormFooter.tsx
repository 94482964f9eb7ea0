/**
 * The form's own message (a refusal that names none of its fields, announced)
 * just above Submit and Cancel, where the person looks before submitting again.
 */
export function FormFooter({ submitLabel, onCancel, error, cancelLabel = 'Cancel' }: { submitLabel: string; onCancel: () => void; error: string | null | undefined; cancelLabel?: string }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </>
  );
}

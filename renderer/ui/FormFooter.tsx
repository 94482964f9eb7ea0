/** Submit and Cancel, and the form's error (announced) below them. */
export function FormFooter({ submitLabel, onCancel, error }: { submitLabel: string; onCancel: () => void; error: string | null }) {
  return (
    <>
      <div className="row">
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
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

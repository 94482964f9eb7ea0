interface ProgressBarProps {
  ratio: number | null;
  label: string;
  tone?: 'normal' | 'breached';
}

/** A progress bar with its percentage; "no data" when nothing is known yet. */
export function ProgressBar({ ratio, label, tone = 'normal' }: ProgressBarProps) {
  const percent = ratio === null ? null : Math.round(ratio * 100);
  return (
    <div
      className={`progress progress--${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? 'No check-ins yet' : `${percent}%`}
    >
      <div className="progress__track">
        <div className="progress__fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="progress__text">{percent === null ? '–' : `${percent}%`}</span>
    </div>
  );
}

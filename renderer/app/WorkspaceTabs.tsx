export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** A view with nothing in it yet: shown quieter, still one click away. */
  quiet?: boolean;
}

/**
 * The workspace's views as ARIA tabs: click or arrow keys (roving tabindex),
 * the Signals tab showing how many signals are open.
 */
export function WorkspaceTabs<T extends string>({
  tabs,
  current,
  onSelect,
  openSignals,
}: {
  tabs: readonly TabSpec<T>[];
  current: T;
  onSelect: (tab: T) => void;
  openSignals: number;
}) {
  return (
    <nav className="tabs-nav" aria-label="Views">
      <div className="tabs" role="tablist" aria-label="Workspace views">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={current === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={current === t.id ? 0 : -1}
            className={`tab ${current === t.id ? 'tab--on' : ''} ${t.quiet ? 'tab--quiet' : ''}`}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => {
              const i = tabs.findIndex((x) => x.id === current);
              const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : undefined;
              if (next) {
                e.preventDefault();
                onSelect(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }
            }}
          >
            {t.label}
            {t.id === 'signals' && openSignals > 0 && <span className="tab__count"> ({openSignals})</span>}
          </button>
        ))}
      </div>
    </nav>
  );
}

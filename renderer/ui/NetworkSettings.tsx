import { useId, useState, type FormEvent } from 'react';
import { formatIceServers, formatSignalingList, parseIceServers, parseSignalingList } from '../../shared/sync/networkSettings';
import { useNetworkSettings } from '../state/networkSettings';

type Outcome = { kind: 'saved' } | { kind: 'error'; message: string } | null;

/** This device's extra signaling and STUN/TURN servers for workshops; collapsed, since a LAN needs none. */
export function NetworkSettings() {
  const settings = useNetworkSettings((s) => s.settings);
  const save = useNetworkSettings((s) => s.save);
  const [signaling, setSignaling] = useState(() => formatSignalingList(settings.signaling));
  const [iceServers, setIceServers] = useState(() => formatIceServers(settings.iceServers));
  const [outcome, setOutcome] = useState<Outcome>(null);
  const id = useId();

  const edit = (setText: (text: string) => void, text: string) => {
    setText(text);
    setOutcome(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedSignaling = parseSignalingList(signaling);
    if (!parsedSignaling.ok) return setOutcome({ kind: 'error', message: `Extra signaling servers: ${parsedSignaling.error}` });
    const parsedIce = parseIceServers(iceServers);
    if (!parsedIce.ok) return setOutcome({ kind: 'error', message: `STUN/TURN servers: ${parsedIce.error}` });
    save({ signaling: parsedSignaling.value, iceServers: parsedIce.value });
    // Show what was kept (comments, blank lines and duplicates are not stored).
    setSignaling(formatSignalingList(parsedSignaling.value));
    setIceServers(formatIceServers(parsedIce.value));
    setOutcome({ kind: 'saved' });
  };

  return (
    <details className="network-settings" aria-labelledby={`${id}-title`}>
      <summary id={`${id}-title`}>Network settings</summary>
      <form className="network-settings__form" onSubmit={submit}>
        <p className="muted">
          On a LAN nothing is needed (no server is contacted besides the facilitator’s laptop); teams with a network path between them can add
          their own servers here. An always-on relay, for teammates who are never online at the same time, is set per workspace: open it,
          then Share… → Relay.
        </p>
        <div className="field">
          <label htmlFor={`${id}-signaling`}>Extra signaling servers</label>
          <textarea
            id={`${id}-signaling`}
            rows={3}
            spellCheck={false}
            value={signaling}
            onChange={(e) => edit(setSignaling, e.target.value)}
            aria-describedby={`${id}-signaling-hint`}
            placeholder="wss://signal.example.org"
          />
          <small id={`${id}-signaling-hint`}>One ws:// or wss:// address per line.</small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ice`}>STUN/TURN servers</label>
          <textarea
            id={`${id}-ice`}
            rows={3}
            spellCheck={false}
            value={iceServers}
            onChange={(e) => edit(setIceServers, e.target.value)}
            aria-describedby={`${id}-ice-hint`}
            placeholder={'stun:stun.example.org:3478\nturn:turn.example.org:3478 username credential'}
          />
          <small id={`${id}-ice-hint`}>One per line: stun:host:port, or turn:host:port username credential.</small>
        </div>
        <div className="row row--wrap">
          <button type="submit" className="button">
            Save network settings
          </button>
          {/* Always mounted, so screen readers announce the text when it appears. */}
          <p className="muted network-settings__status" role="status">
            {outcome?.kind === 'saved' ? 'Saved. Used from the next connection.' : ''}
          </p>
        </div>
        {outcome?.kind === 'error' && (
          <p className="form-error" role="alert">
            {outcome.message}
          </p>
        )}
      </form>
    </details>
  );
}

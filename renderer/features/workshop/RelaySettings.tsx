import { useId, useState, type FormEvent } from 'react';
import { removeRelay, setRelay, useRelay } from '../../state/relaySession';
import { useWorkshop } from '../../state/workshopSession';
import { clearTextWarning } from '../../../shared/sync/relaySettings';
import { RELAY_OPERATOR_NOTICE, relayStatusWords, roomIsLive } from './relayStatusWords';
import { useClock } from '../../state/clock';
import { reportError } from '../../state/toasts';

/**
 * The open workspace's relay (docs/relay.md): its address and token, kept on
 * this device. Says plainly, before anything connects, that the relay's
 * operator can read the workspace.
 */
/** `inviteLink`: the workspace's invite through the relay alone (it is in no workshop), to show with the relay. */
export function RelaySettings({ inviteLink = null }: { inviteLink?: string | null }) {
  const url = useRelay((s) => s.url);
  const status = useRelay((s) => s.status);
  const storedWarning = useRelay((s) => s.warning);
  const relayError = useRelay((s) => s.error);
  const room = useWorkshop((s) => s.status);
  const networkDown = useWorkshop((s) => s.networkDown);
  const now = useClock((s) => s.now);
  const [address, setAddress] = useState(url ?? '');
  const [token, setToken] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const typedWarning = clearTextWarning(address.trim());

  const connect = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRelay(address, token)
      .then((outcome) => {
        if ('error' in outcome) return setFormError(outcome.error);
        setFormError(null);
        setToken('');
      })
      .catch((error: unknown) => setFormError(`The relay could not be kept on this device (${String(error)}).`))
      .finally(() => setBusy(false));
  };

  const words = status ? relayStatusWords(status, roomIsLive(room, networkDown), Math.max(now, status.lastConfirmedAt ?? 0)) : null;
  return (
    <section className="relay-settings" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="relay-settings__title">
        Relay
      </h3>
      <p className="muted">
        An always-on relay keeps this workspace for teammates who are never online at the same time: check-ins reach it when their author is
        online, and everyone else gets them when they are. It works beside the workshop room.
      </p>
      <p className="relay-settings__notice">
        <strong>{RELAY_OPERATOR_NOTICE}</strong> It holds the workspace in plain text to merge it. Use a relay your organisation runs.
      </p>
      {url ? (
        <>
          <p>
            Connected to <code>{url}</code>.
          </p>
          {/* Plain text: the toolbar's pill is the live region (role=status), announced once, not twice. */}
          <p className="muted relay-settings__status">{words ? `${words.text}. ${words.paths}.` : ''}</p>
          {inviteLink && (
            <div className="share__details">
              <label className="field">
                <span>Invite link (through the relay)</span>
                <input type="text" readOnly value={inviteLink} aria-label="Relay invite link" onFocus={(e) => e.currentTarget.select()} />
              </label>
              <div className="row">
                <button
                  type="button"
                  className="button"
                  onClick={() => navigator.clipboard.writeText(inviteLink).catch((e: unknown) => reportError(e, 'Could not copy'))}
                >
                  Copy invite link
                </button>
              </div>
              <p className="muted">Whoever has this link can read and edit the workspace through the relay: it carries the token.</p>
            </div>
          )}
          {storedWarning && (
            <p className="relay-settings__warning" role="note">
              {storedWarning}
            </p>
          )}
          {relayError && (
            <p className="form-error" role="alert">
              {relayError}
            </p>
          )}
        </>
      ) : null}
      <form className="relay-settings__form" onSubmit={connect}>
        <div className="field">
          <label htmlFor={`${id}-url`}>Relay address</label>
          <input
            id={`${id}-url`}
            type="text"
            spellCheck={false}
            value={address}
            onChange={(e) => {
              setAddress(e.target.value);
              setFormError(null);
            }}
            placeholder="wss://relay.example.org"
            aria-describedby={typedWarning ? `${id}-warning` : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-token`}>{url ? 'New token for this workspace' : 'Token for this workspace'}</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => {
              setToken(e.target.value);
              setFormError(null);
            }}
            aria-describedby={`${id}-token-hint`}
          />
          <small id={`${id}-token-hint`}>From the relay’s operator (`cairn relay token`). Kept on this device only, never in the workspace.</small>
        </div>
        {typedWarning && (
          <p id={`${id}-warning`} className="relay-settings__warning" role="note">
            {typedWarning}
          </p>
        )}
        <div className="row row--wrap">
          <button type="submit" className="button" disabled={busy}>
            {url ? 'Change relay' : 'Connect to relay'}
          </button>
          {url && (
            <button type="button" className="button button--ghost" onClick={() => void removeRelay()}>
              Disconnect from relay
            </button>
          )}
        </div>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
      </form>
    </section>
  );
}

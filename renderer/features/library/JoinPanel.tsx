import { useRef, useState, type FormEvent } from 'react';
import { parseInvite, type Invite } from '../../../shared/sync/invite';
import { RELAY_OPERATOR_NOTICE, clearTextWarning, relayHostOf } from '../../../shared/sync/relaySettings';
import { goToWorkspace } from '../../state/navigation';
import { joinWorkshop } from '../../state/joinWorkshop';
import { nameToSignWith } from '../../state/identity';
import { relayJoinCheckOf } from '../../state/relaySession';
import { NetworkSettings } from '../../ui/NetworkSettings';

/** An invite through a relay, shown to the person before anything is sent to it. */
interface RelayConfirmation {
  invite: Invite;
  host: string;
  warning: string | null;
  /** Set when the workspace is already here without a relay: joining gives it this one. */
  adopting: string | null;
}

/** Join a workshop: paste the invite, or type the facilitator's address and the code. */
export function JoinPanel({ initialInvite = '' }: { initialInvite?: string }) {
  const [invite, setInvite] = useState(initialInvite);
  const [address, setAddress] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [confirming, setConfirming] = useState<RelayConfirmation | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = (parsed: Invite, confirmedRelayForExisting: boolean) => {
    setConfirming(null);
    abort.current = new AbortController();
    setState({ busy: true, error: null });
    joinWorkshop(parsed, abort.current.signal, { confirmedRelayForExisting }).then(
      (id) => {
        setState({ busy: false, error: null });
        goToWorkspace(id);
      },
      (error: unknown) => setState({ busy: false, error: (error as Error).message }),
    );
  };

  const join = async (event: FormEvent) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = parseInvite(invite, address);
      // Asked before connecting, so the others see who joins (renderer/state/identity.ts).
      await nameToSignWith('join');
      if (parsed.relay) {
        // The relay's operator gets the workspace: the person sees whose machine that is before anything is sent.
        const check = await relayJoinCheckOf(parsed.relay);
        if (check.kind === 'conflict') return setState({ busy: false, error: check.message });
        setState({ busy: false, error: null });
        return setConfirming({
          invite: parsed,
          host: relayHostOf(parsed.relay.url),
          warning: clearTextWarning(parsed.relay.url),
          adopting: check.kind === 'adopt' ? check.message : null,
        });
      }
    } catch (error) {
      return setState({ busy: false, error: (error as Error).message });
    }
    start(parsed, false);
  };

  return (
    <section className="panel" aria-labelledby="join-heading">
      <h2 id="join-heading" className="panel__title">
        Join a workshop
      </h2>
      <form className="row row--wrap" onSubmit={(e) => void join(e)}>
        <label className="field field--grow">
          <span>Invite link or code</span>
          <input type="text" value={invite} onChange={(e) => setInvite(e.target.value)} placeholder="Paste the invite, or type ABCD-EFGH-JKMN" />
        </label>
        <label className="field">
          <span>Address (with a typed code)</span>
          <input type="text" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="192.168.1.20:4444" />
        </label>
        {state.busy ? (
          <button type="button" className="button" onClick={() => abort.current?.abort()}>
            Cancel joining
          </button>
        ) : (
          !confirming && (
            <button type="submit" className="button button--primary">
              Join workshop
            </button>
          )
        )}
      </form>
      {confirming && (
        <div className="join-relay" role="group" aria-labelledby="join-relay-heading">
          <p id="join-relay-heading">
            This invite joins through the relay at <strong>{confirming.host}</strong>. {RELAY_OPERATOR_NOTICE}
          </p>
          {confirming.warning && <p className="relay-settings__warning" role="note">{confirming.warning}</p>}
          {confirming.adopting && <p className="relay-settings__warning" role="note">{confirming.adopting}</p>}
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => start(confirming.invite, confirming.adopting !== null)}>
              Join through this relay
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {state.busy && (
        <p className="muted" role="status">
          Connecting… waiting for the workspace from the others.
        </p>
      )}
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      <NetworkSettings />
    </section>
  );
}

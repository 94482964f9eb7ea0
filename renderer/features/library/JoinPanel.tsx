import { useRef, useState, type FormEvent } from 'react';
import { parseInvite } from '../../../shared/sync/invite';
import { goToWorkspace } from '../../state/navigation';
import { joinWorkshop } from '../../state/joinWorkshop';
import { nameToSignWith } from '../../state/identity';
import { NetworkSettings } from '../../ui/NetworkSettings';

/** Join a workshop: paste the invite, or type the facilitator's address and the code. */
export function JoinPanel({ initialInvite = '' }: { initialInvite?: string }) {
  const [invite, setInvite] = useState(initialInvite);
  const [address, setAddress] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const abort = useRef<AbortController | null>(null);

  const join = async (event: FormEvent) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = parseInvite(invite, address);
      // Asked before connecting, so the others see who joins (renderer/state/identity.ts).
      await nameToSignWith('join');
    } catch (error) {
      return setState({ busy: false, error: (error as Error).message });
    }
    abort.current = new AbortController();
    setState({ busy: true, error: null });
    joinWorkshop(parsed, abort.current.signal).then(
      (id) => {
        setState({ busy: false, error: null });
        goToWorkspace(id);
      },
      (error: unknown) => setState({ busy: false, error: (error as Error).message }),
    );
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
          <button type="submit" className="button button--primary">
            Join workshop
          </button>
        )}
      </form>
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

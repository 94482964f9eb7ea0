import { useEffect, useState } from 'react';
import { encodeInvite, formatCode } from '../../../shared/sync/invite';
import { relayInviteOfOpenWorkspace, useRelay } from '../../state/relaySession';
import { RelaySettings } from './RelaySettings';
import { getPlatform } from '../../platform';
import { reportError } from '../../state/toasts';
import { inviteText, stopSharing, useWorkshop } from '../../state/workshopSession';
import { hostFacilitatedWorkshop } from '../../state/facilitation';
import { useWorkspace } from '../../state/workspaceSession';
import { NetworkSettings } from '../../ui/NetworkSettings';

/** A link that opens this Cairn's join screen (browser mode), or the invite text itself. */
function inviteLink(invite: string): string {
  return getPlatform().kind === 'browser' ? `${location.origin}${location.pathname}#/join/${invite}` : invite;
}

export function SharePanel({ onClose }: { onClose: () => void }) {
  const workshop = useWorkshop((s) => s.workshop);
  const error = useWorkshop((s) => s.error);
  const meta = useWorkspace((s) => s.meta);
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState<{ link: string; url: string } | null>(null);
  // Read again whenever the relay changes: the invite carries it.
  const relayUrl = useRelay((s) => s.url);
  const relay = relayUrl ? relayInviteOfOpenWorkspace() : null;
  const invite = !meta ? null : workshop ? inviteText(workshop, meta.title, relay) : relay ? encodeInvite({ relay, title: meta.title }) : null;
  const link = invite ? inviteLink(invite) : null;

  useEffect(() => {
    if (!link) return;
    let live = true;
    // The QR code library is loaded when an invite is shown, not with the first screen.
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toDataURL(link, { margin: 1, width: 200, errorCorrectionLevel: 'M' }))
      .then(
        (url) => live && setQr({ link, url }),
        () => undefined, // no QR code; the link and the code still work
      );
    return () => {
      live = false;
    };
  }, [link]);

  const host = () => {
    setBusy(true);
    hostFacilitatedWorkshop(meta?.kind === 'workshop')
      .catch((e: unknown) => reportError(e, 'Could not host the workshop'))
      .finally(() => setBusy(false));
  };

  if (meta?.kind === 'journal') {
    return (
      <section className="panel share" aria-label="Share">
        <p>This is a personal journal: it stays private on this device and is never shared or synced.</p>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }

  return (
    <section className="panel share" aria-label="Share">
      {!workshop ? (
        <>
          <h2 className="panel__title">Host a workshop</h2>
          <p className="muted">
            Teammates on the same network join with an invite and edit this workspace with you, peer to peer. No internet and no server needed
            besides this computer. Anyone with the code can read and edit the workspace.
          </p>
          <div className="row">
            <button type="button" className="button button--primary" onClick={host} disabled={busy}>
              {busy ? 'Starting…' : 'Host workshop'}
            </button>
            <button type="button" className="button button--ghost" onClick={onClose}>
              Close
            </button>
          </div>
          <RelaySettings inviteLink={link} />
          <NetworkSettings />
        </>
      ) : (
        <>
          <h2 className="panel__title">Workshop invite</h2>
          <div className="share__grid">
            <div className="share__details">
              <p className="share__code" aria-label={`Workshop code ${formatCode(workshop.code)}`}>
                {formatCode(workshop.code)}
              </p>
              <p className="muted">Address: {workshop.signaling.map((s) => s.replace(/^wss?:\/\//, '')).join(' or ')}</p>
              {relay && <p className="muted">The link also carries the relay and this workspace’s token: whoever has it can read the workspace there too.</p>}
              <label className="field">
                <span>Invite link</span>
                <input type="text" readOnly value={link ?? ''} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} />
              </label>
              <div className="row">
                <button
                  type="button"
                  className="button"
                  onClick={() => link && navigator.clipboard.writeText(link).catch((e: unknown) => reportError(e, 'Could not copy'))}
                >
                  Copy invite link
                </button>
                <button type="button" className="button button--ghost" onClick={stopSharing}>
                  Stop sharing
                </button>
                <button type="button" className="button button--ghost" onClick={onClose}>
                  Close
                </button>
              </div>
            </div>
            {qr && qr.link === link && <img className="share__qr" src={qr.url} alt="QR code of the invite link" width={200} height={200} />}
          </div>
          <RelaySettings />
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/*
 * Peer A of the journal privacy test, in its own Node process: it holds a team
 * workspace and a personal journal, shares the team over real WebRTC, tries to
 * share the journal, and records every byte its data channels send (below
 * Cairn's framing, right above WebRTC's encryption) so the test can read the
 * plaintext that left the process.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import wrtc from '@roamhq/wrtc';
import { localContext } from '../../shared/commands/context';
import { addObjective } from '../../shared/commands/objectives';
import { initWorkspace } from '../../shared/commands/workspace';
import type { WrtcLike } from '../../shared/sync/workshopConnection';
import { connectWorkshop, type WorkshopConnection } from '../../shared/sync/workshopConnection';
import { channelWrappingPeerConnection } from '../support/framingWrtc';
import { exitAfterAnswer, serveCommands } from '../support/servePeerCommands';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export type JournalPeerCommand =
  | { type: 'setup'; marker: string }
  | { type: 'share-team'; code: string; signaling: string[] }
  | { type: 'share-journal'; codes: string[]; signaling: string[] }
  | { type: 'edit'; marker: string }
  | { type: 'wire' }
  | { type: 'exit' };

export interface WireRecord {
  /** Every data-channel send, as base64, per channel in order. */
  channels: string[][];
  status: ReturnType<WorkshopConnection['status']> | null;
}

const team = new Y.Doc();
const journal = new Y.Doc();
let connection: WorkshopConnection | null = null;
const channels: Uint8Array[][] = [];

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return new TextEncoder().encode(String(data));
}

type Channel = { send(data: unknown): void };

/** The real channel, with every send recorded. Everything else passes through to the real object. */
function tapChannel(real: Channel): Channel {
  const sent: Uint8Array[] = [];
  channels.push(sent);
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'send') {
        return (data: unknown) => {
          sent.push(toBytes(data));
          target.send(data);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (target, prop, value) => Reflect.set(target, prop, value, target),
  });
}

/** @roamhq/wrtc whose data channels (made here or offered by the peer) are tapped. */
function tappedWrtc(base: WrtcLike): WrtcLike {
  return { ...base, RTCPeerConnection: channelWrappingPeerConnection(base.RTCPeerConnection, tapChannel) as unknown as WrtcLike['RTCPeerConnection'] };
}

async function handle(command: JournalPeerCommand): Promise<unknown> {
  switch (command.type) {
    case 'setup': {
      const teamCtx = localContext(team, 'Ana');
      initWorkspace(teamCtx, { id: 'teamPrivacy01', title: 'Team workspace', kind: 'team', cycleStart: '2026-07-01', cycleEnd: '2026-09-30' });
      addObjective(teamCtx, { title: 'Team objective: ship the beta' });
      const journalCtx = localContext(journal, 'Ana');
      initWorkspace(journalCtx, {
        id: `journal${command.marker.slice(0, 8)}`,
        title: `Ana's journal ${command.marker}`,
        kind: 'journal',
        cycleStart: '2026-07-01',
        cycleEnd: '2026-09-30',
      });
      addObjective(journalCtx, { title: `Dear diary ${command.marker}`, description: `I doubt the beta will ship ${command.marker}` });
      return {
        journalId: `journal${command.marker.slice(0, 8)}`,
        journalTitle: `Ana's journal ${command.marker}`,
        journalClient: journal.clientID,
        teamClient: team.clientID,
      };
    }
    case 'share-team':
      connection = connectWorkshop(team, { code: command.code, signaling: command.signaling, wrtc: tappedWrtc(wrtc), broadcastChannel: false });
      return { ok: true };
    case 'share-journal':
      // Whatever room it is asked for (a fresh one, or the team's own), the journal is refused.
      return command.codes.map((code) => {
        try {
          connectWorkshop(journal, { code, signaling: command.signaling, wrtc: tappedWrtc(wrtc), broadcastChannel: false });
          return { refused: false, name: '', message: '' };
        } catch (error) {
          return { refused: true, name: (error as Error).name, message: (error as Error).message };
        }
      });
    case 'edit':
      // Both workspaces change while the team is shared: only the team's edit may travel.
      addObjective(localContext(journal, 'Ana'), { title: `Later entry ${command.marker}` });
      addObjective(localContext(team, 'Ana'), { title: `Team objective: live edit` });
      return { ok: true };
    case 'wire':
      return {
        channels: channels.map((sent) => sent.map((bytes) => Buffer.from(bytes).toString('base64'))),
        status: connection?.status() ?? null,
      } satisfies WireRecord;
    case 'exit':
      connection?.leave();
      return exitAfterAnswer();
  }
}

serveCommands(handle);

import { create } from 'zustand';
import { DEFAULT_NETWORK_SETTINGS, readNetworkSettings, signalingFor, type NetworkSettings } from '../../shared/sync/networkSettings';
import type { WrtcLike } from '../../shared/sync/workshopConnection';
import type { WorkshopOptions } from '../../shared/sync/workshopConnection';

/** This device's network settings for workshops (not synced: each laptop has its own network). */
const NETWORK_KEY = 'cairn.network.v1';

function load(): NetworkSettings {
  try {
    return readNetworkSettings(JSON.parse(localStorage.getItem(NETWORK_KEY) ?? 'null'));
  } catch {
    return DEFAULT_NETWORK_SETTINGS;
  }
}

interface NetworkState {
  settings: NetworkSettings;
  save: (settings: NetworkSettings) => void;
}

export const useNetworkSettings = create<NetworkState>((set) => ({
  settings: load(),
  save: (settings) => {
    localStorage.setItem(NETWORK_KEY, JSON.stringify(settings));
    set({ settings });
  },
}));

function browserWrtc(): WrtcLike {
  if (typeof RTCPeerConnection === 'undefined') throw new Error('WebRTC is not available in this browser, so it cannot join workshops.');
  return { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate };
}

/** How this window connects to a workshop: the invite, plus this device's settings. */
export function workshopOptions(workshop: { code: string; signaling: string[] }): WorkshopOptions {
  const { settings } = useNetworkSettings.getState();
  return { code: workshop.code, signaling: signalingFor(workshop.signaling, settings), iceServers: settings.iceServers, wrtc: browserWrtc() };
}

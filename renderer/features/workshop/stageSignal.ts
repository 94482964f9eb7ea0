/*
 * The gentle end-of-stage signal: a soft two-note chime through WebAudio
 * (quiet, short, no sample to load), unless the person muted it. The choice
 * is kept on this laptop.
 */

const MUTED_KEY = 'cairn:stage-chime-muted';

export function isChimeMuted(): boolean {
  try {
    return localStorage.getItem(MUTED_KEY) === '1';
  } catch {
    return false;
  }
}

export function setChimeMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTED_KEY, muted ? '1' : '0');
  } catch {
    // Private mode: the choice lasts this window only.
  }
}

export function playChime(): void {
  if (isChimeMuted() || typeof AudioContext === 'undefined') return;
  const audio = new AudioContext();
  const now = audio.currentTime;
  for (const [i, frequency] of [660, 880].entries()) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    const start = now + i * 0.35;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.08, start + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.9);
    tone.connect(gain).connect(audio.destination);
    tone.start(start);
    tone.stop(start + 1);
  }
  setTimeout(() => void audio.close(), 2000);
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { warmDecoderWhenIdle } from './state/decoderWarmUp';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// After the first render is queued: idle slices only, cancelled once an open starts.
warmDecoderWhenIdle();

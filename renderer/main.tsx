import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';
import { openRouteDatabaseEarly } from './state/routeDatabaseEarly';

// A reload on a workspace: its database opens while the app's first render runs, not after it.
openRouteDatabaseEarly(window.location.hash);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// First: the worker and the pretrained network start loading before anything renders.
import './prestart';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerOffline } from './offline';
import { appStore } from './state/appStore';
import { App } from './ui/App';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The service worker waits for the learned view's first flow (or a reason it has none, or
// 10 s), so its precache download never slows down the first paint.
const firstFlow = new Promise<void>((resolve) => {
  const check = () => {
    const { run } = appStore.getState();
    if (run.shownStep >= 0 || run.needsTraining !== null || run.status === 'error') {
      stop();
      resolve();
    }
  };
  const stop = appStore.subscribe(check);
  setTimeout(resolve, 10_000);
});
registerOffline(firstFlow);

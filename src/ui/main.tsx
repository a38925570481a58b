/**
 * Entry point: wires the store, the worker client and the controller, restores a saved run,
 * mounts the app and installs `window.nasPlayground`.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore, applyWorkerEvent } from '../store';
import { RunPersistence } from './persistence';
import { SearchWorkerClient } from '../worker/client';
import { App } from './App';
import { createRunController } from './controller';
import { ControllerContext } from './controllerContext';
import { installTestApi } from './testApi';
import { storedTheme } from './theme';
import '../charts/charts.css';
import './app.css';

const client = new SearchWorkerClient({
  onMessage: applyWorkerEvent,
  onRestart: (restarts) => appStore.getState().workerRestarted(restarts),
  getRun: () => {
    const { config, view } = appStore.getState();
    return { config, events: view.events };
  },
});
const controller = createRunController(appStore, client, (options) => new SearchWorkerClient(options));
appStore.getState().setTheme(storedTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);

/** Restores the saved run (if any), starts the worker and keeps saving the run as it grows. */
async function boot(): Promise<void> {
  const persistence = await RunPersistence.open();
  const saved = await persistence?.load().catch(() => null);
  if (saved) appStore.getState().loadRun(saved.config, saved.events);
  controller.boot();
  if (persistence) {
    const save = () => {
      const { config, view } = appStore.getState();
      persistence.sync(config, view.events);
    };
    save();
    appStore.subscribe(save);
  }
  installTestApi(appStore, controller, () => persistence?.flushed() ?? Promise.resolve());
}

void boot();

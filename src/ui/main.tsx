/**
 * Entry point: wires the store, the worker client and the controller, restores a saved run,
 * mounts the app and installs `window.nasPlayground`.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore, applyWorkerEvent } from '../store';
import { SearchWorkerClient } from '../worker/client';
import { App } from './App';
import { createRunController } from './controller';
import { ControllerContext } from './controllerContext';
import { bootRuns } from './runs';
import { provideRunsManager } from './runsContext';
import { installTestApi } from './testApi';
import { installEtaMemory } from './etaMemory';
import { chooseRunAtBoot, followConfigInUrl, listenForLinks } from './linkSync';
import { storedTheme } from './theme';
import { initI18n } from '../i18n';
import '../charts/charts.css';
import './app.css';

initI18n();

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
installEtaMemory(appStore);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);

/**
 * Opens the link's config or restores the saved run (a valid link wins: README, Links and
 * lessons), starts the worker and keeps saving the run as it grows.
 */
async function boot(): Promise<void> {
  const runs = await bootRuns(appStore, controller, (saved) => chooseRunAtBoot(appStore, saved));
  provideRunsManager(runs);
  followConfigInUrl(appStore);
  listenForLinks(appStore, controller);
  installTestApi(appStore, controller, () => runs.flushed(), runs);
}

void boot();

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './api/client';
import { ClientProvider } from './api/client-context';
import { pickTransport } from './api/pick-transport';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createClient(pickTransport())}>
      <App />
    </ClientProvider>
  </StrictMode>,
);

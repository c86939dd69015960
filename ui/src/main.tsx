import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App } from "./App";
import { PlayerProvider } from "./player/PlayerContext";
import { startTheme } from "./theme";
import { ToastProvider } from "./ui/Toast";
import "./styles.css";

startTheme();

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <PlayerProvider>
          <ToastProvider>
            <App />
          </ToastProvider>
        </PlayerProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

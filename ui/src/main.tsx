import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App } from "./App";
import { PlayerProvider } from "./player/PlayerContext";
import "./styles.css";

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <PlayerProvider>
          <App />
        </PlayerProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

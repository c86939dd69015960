/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the app serves dist/ from tauri://localhost.
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2021" },
  test: { globals: true, environment: "jsdom", include: ["src/**/*.test.tsx", "src/**/*.test.ts"] },
});

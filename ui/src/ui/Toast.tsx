import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

interface Toast {
  id: number;
  text: string;
  kind: "ok" | "error";
}

const Ctx = createContext<(text: string, kind?: Toast["kind"]) => void>(() => {});

/**
 * Short confirmations ("Comment deleted") and failures that belong to no field, in one
 * corner. Confirmations are a polite status and fade after 4 s; errors are alerts and stay
 * until dismissed.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = (id: number) => setToasts((ts) => ts.filter((t) => t.id !== id));
  const show = useCallback((text: string, kind: Toast["kind"] = "ok") => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts.slice(-2), { id, text, kind }]);
    if (kind === "ok") setTimeout(() => setToasts((ts) => ts.filter((t) => t.id !== id)), 4000);
  }, []);
  return (
    <Ctx.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : undefined}>
            <span>{t.text}</span>
            <button type="button" className="btn btn-ghost" onClick={() => dismiss(t.id)}>
              Dismiss
            </button>
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

/** Shows a toast: `toast("Saved")`, `toast(message, "error")`. */
export function useToast() {
  return useContext(Ctx);
}

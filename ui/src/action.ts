// A command started from one item of a long list (a comment's reply, resolve, edit, delete):
// its pending and error state in one `useState`. TanStack's `useMutation` keeps an observer
// and a subscription per hook, and a version with 1,000 comments and 3,000 replies has
// 10,000 of them: opening it took twice as long. What a command changes reaches the cache
// through the live events, as for every other command.
import { useRef, useState } from "react";
import { toAppError, type AppError } from "./api";

type State = { pending: boolean; error: AppError | null };
const IDLE: State = { pending: false, error: null };

export function useAction<A extends unknown[]>(run: (...args: A) => Promise<unknown>, onSuccess?: () => void) {
  const [state, setState] = useState<State>(IDLE);
  // Only the latest start speaks (as with useMutation): a second click before the first
  // answer must not be reported idle by the first.
  const latest = useRef(0);
  function start(...args: A) {
    const mine = ++latest.current;
    setState({ pending: true, error: null });
    run(...args).then(
      () => {
        if (mine !== latest.current) return;
        setState(IDLE);
        onSuccess?.();
      },
      (e: unknown) => {
        if (mine === latest.current) setState({ pending: false, error: toAppError(e) });
      },
    );
  }
  return { start, pending: state.pending, error: state.error };
}

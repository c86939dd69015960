// A command started by the user (a form sent, a button pressed): its pending, error and
// last answer in one `useState`. It is the app's one way to run a command that changes
// something. TanStack's `useMutation` keeps an observer and a subscription per hook, and a
// version with 1,000 comments and 3,000 replies has 10,000 of them: opening it took twice as
// long. What a command changes reaches the cache through the live events, as for every
// other command.
import { useRef, useState } from "react";
import { toAppError, type AppError } from "./api";

type State<R> = {
  pending: boolean;
  error: AppError | null;
  /** Whether the latest start succeeded (false again once started anew or reset). */
  succeeded: boolean;
  /** The latest start's answer, once it succeeded. */
  data: R | undefined;
};

export function useAction<A extends unknown[], R = unknown>(
  run: (...args: A) => Promise<R>,
  onSuccess?: (result: R) => void,
) {
  const [state, setState] = useState<State<R>>(idle);
  // Only the latest start speaks (as with useMutation): a second click before the first
  // answer must not be reported idle by the first.
  const latest = useRef(0);
  function start(...args: A) {
    const mine = ++latest.current;
    setState({ pending: true, error: null, succeeded: false, data: undefined });
    let answer: Promise<R>;
    try {
      answer = run(...args);
    } catch (e) {
      // A command that could not even be started (as useMutation, it fails like any other).
      answer = Promise.reject(e);
    }
    answer.then(
      (result) => {
        if (mine !== latest.current) return;
        setState({ pending: false, error: null, succeeded: true, data: result });
        onSuccess?.(result);
      },
      (e: unknown) => {
        if (mine === latest.current) setState({ pending: false, error: toAppError(e), succeeded: false, data: undefined });
      },
    );
  }
  /** Back to idle; an answer still on its way is then ignored (no state, no callback). */
  function reset() {
    latest.current += 1;
    setState(idle());
  }
  return { start, reset, pending: state.pending, error: state.error, succeeded: state.succeeded, data: state.data };
}

function idle<R>(): State<R> {
  return { pending: false, error: null, succeeded: false, data: undefined };
}

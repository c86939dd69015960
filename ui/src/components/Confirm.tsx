import { useState, type ReactNode } from "react";

/** A button that asks "are you sure?" inline before acting. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <ConfirmQuestion
      label={label}
      question={question}
      confirmLabel={confirmLabel}
      onConfirm={() => {
        setAsking(false);
        onConfirm();
      }}
      onCancel={() => setAsking(false)}
    />
  );
}

/**
 * The question itself, with its confirming and Cancel buttons: for a ConfirmButton, or for
 * an action chosen elsewhere (a menu's Delete) that still asks first.
 */
export function ConfirmQuestion({
  label,
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  autoFocus,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Focus the confirming button (the menu that asked has closed). */
  autoFocus?: boolean;
}) {
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span>{question}</span>
      <button type="button" className="danger" autoFocus={autoFocus} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

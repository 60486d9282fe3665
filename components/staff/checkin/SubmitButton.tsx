"use client";

import { useFormStatus } from "react-dom";

/** A submit button that shows its own form is being sent (each row of the list has its own form). */
export function SubmitButton({ children, className, label }: { children: React.ReactNode; className?: string; label?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className ?? "button"} disabled={pending} aria-label={label} aria-disabled={pending}>
      {children}
    </button>
  );
}

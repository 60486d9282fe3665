"use client";

/** Ticks or clears every row checkbox of the bulk form on this page. */
export function SelectAll({ form, label }: { form: string; label: string }) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      onChange={(event) => {
        const boxes = document.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="ids"][form="${form}"]`);
        boxes.forEach((box) => {
          box.checked = event.currentTarget.checked;
        });
      }}
    />
  );
}

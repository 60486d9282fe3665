"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Markdown } from "@/components/ui/Markdown";
import { TextField, type StaffFields } from "@/components/staff/events/fields";

type Props = { name: string; label: string; fields: StaffFields; required?: boolean; help?: string; rows: number };

/**
 * A description's Markdown beside its live preview. The preview is the public page's own component, so what the
 * organiser sees while typing is what participants will see (same GFM, same sanitising).
 */
export function DescriptionField({ name, label, fields, required, help, rows }: Props) {
  const t = useTranslations("staffEvents.form");
  const [source, setSource] = useState(fields.value(name));
  const previewId = `${fields.id(name)}-preview`;
  return (
    <div className="description-editor" onInput={(e) => (e.target instanceof HTMLTextAreaElement && e.target.name === name ? setSource(e.target.value) : undefined)}>
      <TextField name={name} label={label} help={help} fields={fields} required={required} rows={rows} />
      <section className="description-editor__preview" aria-labelledby={`${previewId}-heading`}>
        <h3 id={`${previewId}-heading`} className="field__label">
          {t("preview", { field: label })}
        </h3>
        <div id={previewId} data-testid={previewId}>
          {source.trim() ? <Markdown>{source}</Markdown> : <p className="field__help">{t("previewEmpty")}</p>}
        </div>
      </section>
    </div>
  );
}

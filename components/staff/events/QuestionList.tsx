import { getTranslations } from "next-intl/server";
import { questionOrderAction } from "@/lib/events/staff/actions";
import { QuestionForm, type EditableQuestion } from "@/components/staff/events/QuestionForm";
import type { FormValues } from "@/components/staff/events/fields";

// The event's own questions on the edit page: in form order, each with up / down / remove buttons (plain forms
// posting to a server action) and its edit form; removed questions below, with their answers kept.

type StoredQuestion = {
  id: string;
  position: number;
  kind: "TEXT" | "TEXTAREA" | "SINGLE_CHOICE" | "MULTI_CHOICE";
  labelJa: string;
  labelEn: string | null;
  helpJa: string | null;
  helpEn: string | null;
  required: boolean;
  sensitive: boolean;
  cityVisible: boolean;
  options: unknown;
  archivedAt: Date | null;
};

type StoredOption = { id: string; labelJa: string; labelEn?: string | null };

function editable(q: StoredQuestion): EditableQuestion {
  const options = Array.isArray(q.options) ? (q.options as StoredOption[]) : [];
  const values: FormValues = {
    kind: q.kind,
    labelJa: q.labelJa,
    labelEn: q.labelEn ?? "",
    helpJa: q.helpJa ?? "",
    helpEn: q.helpEn ?? "",
    required: q.required ? "on" : "",
    sensitive: q.sensitive ? "on" : "",
    cityVisible: q.cityVisible ? "on" : "",
  };
  options.forEach((o, i) => {
    values[`options.${i}.id`] = o.id;
    values[`options.${i}.labelJa`] = o.labelJa;
    values[`options.${i}.labelEn`] = o.labelEn ?? "";
  });
  return { id: q.id, values, optionCount: options.length };
}

function OrderButton(props: { eventId: string; questionId: string; operation: "up" | "down" | "archive" | "restore"; text: string; label: string; disabled?: boolean }) {
  return (
    <form action={questionOrderAction}>
      <input type="hidden" name="eventId" value={props.eventId} />
      <input type="hidden" name="questionId" value={props.questionId} />
      <input type="hidden" name="operation" value={props.operation} />
      <button type="submit" className="button button--secondary staff-event-button--small" aria-label={props.label} disabled={props.disabled}>
        {props.text}
      </button>
    </form>
  );
}

export async function QuestionList({ eventId, questions }: { eventId: string; questions: StoredQuestion[] }) {
  const t = await getTranslations("staffEvents.questions");
  const current = questions.filter((q) => !q.archivedAt).sort((a, b) => a.position - b.position);
  const archived = questions.filter((q) => q.archivedAt);

  return (
    <section className="form-section" aria-labelledby="questions-heading">
      <h2 id="questions-heading">{t("title")}</h2>
      <p className="field__help">{t("lead")}</p>
      {current.length === 0 ? <p className="empty">{t("empty")}</p> : null}
      <ol className="staff-event-questions">
        {current.map((q, i) => (
          <li key={q.id} className="staff-event-question">
            <div className="staff-event-question__head">
              <p className="staff-event-question__title">
                <strong>{q.labelJa}</strong>
                {q.labelEn ? <span className="muted"> / {q.labelEn}</span> : null}
                <br />
                <span className="tag">{t(`kinds.${q.kind}`)}</span>
                {q.required ? <span className="tag">{t("flags.required")}</span> : null}
                {q.cityVisible ? <span className="tag">{t("flags.cityVisible")}</span> : null}
                {q.sensitive ? <span className="tag tag--outline">{t("flags.sensitive")}</span> : null}
              </p>
              <div className="staff-event-actions">
                <OrderButton eventId={eventId} questionId={q.id} operation="up" text={t("moveUp")} label={t("moveUpLabel", { label: q.labelJa })} disabled={i === 0} />
                <OrderButton
                  eventId={eventId}
                  questionId={q.id}
                  operation="down"
                  text={t("moveDown")}
                  label={t("moveDownLabel", { label: q.labelJa })}
                  disabled={i === current.length - 1}
                />
                <OrderButton eventId={eventId} questionId={q.id} operation="archive" text={t("remove")} label={t("removeLabel", { label: q.labelJa })} />
              </div>
            </div>
            <QuestionForm eventId={eventId} question={editable(q)} label={q.labelJa} />
          </li>
        ))}
      </ol>

      <h3>{t("add")}</h3>
      <QuestionForm eventId={eventId} />

      {archived.length > 0 ? (
        <>
          <h3>{t("archivedTitle")}</h3>
          <ul className="staff-event-questions">
            {archived.map((q) => (
              <li key={q.id} className="staff-event-question staff-event-question--archived">
                <div className="staff-event-question__head">
                  <p className="staff-event-question__title">{q.labelJa}</p>
                  <OrderButton eventId={eventId} questionId={q.id} operation="restore" text={t("restore")} label={t("restoreLabel", { label: q.labelJa })} />
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

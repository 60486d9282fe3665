import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { BreakdownRow, Cell, Dashboard } from "@/lib/insights/types";
import { formatJst } from "@/lib/export/columns";
import { BarTable, Figure, type BarRow } from "@/components/staff/insights/BarTable";
import { barWidth, formatCell, formatMean, formatRate, rateContexts, type RateContext } from "@/components/staff/insights/format";
import { insightLabels, type Breakdown, type Translate } from "@/components/staff/insights/labels";

// Every figure of the dashboard, each with its chart, the numbers behind it and what it counts. The dashboard
// page and the print page render this same component; only their CSS differs.

type Card = { key: string; label: string; value: string; note?: string; main?: boolean };

function Cards({ cards, withheld }: { cards: Card[]; withheld: string }) {
  return (
    <dl className="insights-cards">
      {cards.map((card) => (
        <div key={card.key} className={card.main ? "insights-card insights-card--main" : "insights-card"}>
          <dt className="insights-card__label">{card.label}</dt>
          <dd className="insights-card__value">
            <Figure text={card.value} withheld={withheld} />
          </dd>
          {card.note ? <dd className="insights-card__note">{card.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

function Section({ id, title, help, children }: { id: string; title: string; help?: string; children: React.ReactNode }) {
  return (
    <section className="insights-section" aria-labelledby={`insights-${id}`}>
      <h2 id={`insights-${id}`}>{title}</h2>
      {help ? <p className="insights-help">{help}</p> : null}
      {children}
    </section>
  );
}

export async function InsightsFigures({ dashboard, linkEvents = true }: { dashboard: Dashboard; linkEvents?: boolean }) {
  const [translate, locale] = await Promise.all([getTranslations(), getLocale() as Promise<Locale>]);
  const t: Translate = (key, values) => translate(key, values);
  const s = (key: string, values?: Record<string, string | number>) => t(`staffInsights.${key}`, values);
  const labels = insightLabels(t, locale);
  const withheld = s("suppression.mark");
  const contexts = rateContexts(dashboard);
  const n = (cell: Cell) => formatCell(cell, locale);
  const pct = formatRate;
  const { people, waitlist, survey, funnel } = dashboard;

  if (dashboard.events.count === 0) {
    return (
      <p className="empty insights-empty" role="status">
        {s("empty")}
      </p>
    );
  }

  const barColumns = (value: "people" | "responses") => ({ item: s("columns.item"), chart: s("columns.chart"), value: s(`columns.${value}`), share: s("columns.share") });
  const breakdownRows = (kind: Breakdown, rows: BreakdownRow[], total: Cell, context: RateContext): BarRow[] =>
    rows.map((row) => ({
      key: row.key,
      label: labels.breakdown(kind, row.key),
      value: n(row.count),
      share: pct(row.share, row.count === null ? { ...context, zero: false } : context),
      width: barWidth(row.count, total),
    }));
  const shareOf = (part: Cell, whole: Cell) => (part === null || whole === null || whole === 0 ? null : part / whole);

  const breakdown = (kind: Breakdown, rows: BreakdownRow[], total: Cell, unit: "people" | "responses") => (
    <Section id={kind} title={s(`sections.${kind}.title`)} help={s(`sections.${kind}.help`)}>
      <BarTable withheld={withheld} caption={s(`sections.${kind}.title`)} columns={barColumns(unit)} rows={breakdownRows(kind, rows, total, contexts.share(total))} empty={s("noData")} />
    </Section>
  );

  const firstReached = funnel[0]?.reached ?? null;

  return (
    <div className="insights-figures">
      <Section id="headline" title={s("sections.headline.title")} help={s("sections.headline.help")}>
        <Cards
          withheld={withheld}
          cards={[
            { key: "attendees", main: true, label: labels.figure("people", "attendees"), value: n(people.attendees), note: s("cards.attendees") },
            { key: "attendances", main: true, label: labels.figure("people", "attendances"), value: n(people.attendances), note: s("cards.attendances") },
            { key: "registrants", label: labels.figure("people", "registrants"), value: n(people.registrants), note: s("cards.registrants") },
            { key: "registrations", label: labels.figure("people", "registrations"), value: n(people.registrations), note: s("cards.registrations") },
            { key: "newAttendees", label: labels.figure("people", "newAttendees"), value: n(people.newAttendees), note: s("cards.newAttendees") },
            { key: "returningAttendees", label: labels.figure("people", "returningAttendees"), value: n(people.returningAttendees), note: s("cards.returningAttendees") },
            {
              key: "repeatRate",
              label: labels.figure("people", "repeatRate"),
              value: pct(people.repeatRate, contexts.repeatRate),
              note: s("cards.repeatRate", { repeaters: n(people.repeaters) }),
            },
            { key: "attendanceRate", label: labels.figure("people", "attendanceRate"), value: pct(people.attendanceRate, contexts.attendanceRate), note: s("cards.attendanceRate") },
            {
              key: "noShowRate",
              label: labels.figure("people", "noShowRate"),
              value: pct(people.noShowRate, contexts.noShowRate),
              note: s("cards.noShowRate", { noShows: n(people.noShows) }),
            },
            {
              key: "waitlist",
              label: s("cards.waitlistLabel"),
              value: n(waitlist.registrations),
              note: s("cards.waitlist", { people: n(waitlist.people), gotSeat: n(waitlist.gotSeat), rate: pct(waitlist.gotSeatRate, contexts.gotSeatRate) }),
            },
            {
              key: "events",
              label: labels.figure("events", "count"),
              value: n(dashboard.events.count),
              note: s("cards.events", { held: n(dashboard.events.held) }),
            },
          ]}
        />
        <h3 className="insights-subtitle">{s("sections.newReturning.title")}</h3>
        <BarTable
          withheld={withheld}
          caption={s("sections.newReturning.title")}
          columns={barColumns("people")}
          empty={s("noData")}
          rows={(["newAttendees", "returningAttendees"] as const).map((item) => ({
            key: item,
            label: labels.figure("people", item),
            value: n(people[item]),
            share: pct(shareOf(people[item], people.attendees), { suppressed: dashboard.suppressed, zero: people.attendees === 0 }),
            width: barWidth(people[item], people.attendees),
          }))}
        />
      </Section>

      <Section id="funnel" title={s("sections.funnel.title")} help={s("sections.funnel.help")}>
        <table className="table insights-bars insights-funnel">
          <caption className="visually-hidden">{s("sections.funnel.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{s("columns.stage")}</th>
              <th scope="col" className="insights-bars__chart">
                <span className="visually-hidden">{s("columns.chart")}</span>
              </th>
              <th scope="col" className="insights-num">
                {s("columns.people")}
              </th>
              <th scope="col" className="insights-num">
                {s("columns.conversion")}
              </th>
            </tr>
          </thead>
          <tbody>
            {funnel.map((step, i) => (
              <tr key={step.stage}>
                <th scope="row" className="insights-bars__label">
                  {labels.stage(step.stage)}
                  <span className="insights-bars__sub">{s(`stageHelp.${step.stage}`)}</span>
                </th>
                <td className="insights-bars__chart">
                  <span className="insights-bar insights-bar--funnel" style={{ width: barWidth(step.reached, firstReached) }} aria-hidden="true" />
                </td>
                <td className="insights-num">
                  <Figure text={n(step.reached)} withheld={withheld} />
                </td>
                <td className="insights-num">
                  {i === 0 ? <span className="muted">—</span> : <Figure text={pct(step.conversion, contexts.conversion(i))} withheld={withheld} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Cards withheld={withheld} cards={[{ key: "premium", label: s("premium"), value: n(dashboard.premium), note: s("premiumHelp") }]} />
      </Section>

      {breakdown("residence", dashboard.residence, people.registrants, "people")}
      {breakdown("interests", dashboard.interests, people.registrants, "people")}
      {breakdown("relationships", dashboard.relationships, people.registrants, "people")}
      {breakdown("howHeard", dashboard.howHeard, people.registrants, "people")}

      <Section id="campaigns" title={s("sections.campaigns.title")} help={s("sections.campaigns.help")}>
        {dashboard.campaigns.length === 0 ? (
          <p className="empty">{s("noCampaigns")}</p>
        ) : (
          <div className="staff-table-scroll" role="region" aria-label={s("sections.campaigns.title")} tabIndex={0}>
            <table className="table staff-table insights-campaigns">
              <caption className="visually-hidden">{s("sections.campaigns.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">utm_source</th>
                  <th scope="col">utm_medium</th>
                  <th scope="col">utm_campaign</th>
                  <th scope="col">ref</th>
                  <th scope="col" className="insights-bars__chart">
                    <span className="visually-hidden">{s("columns.chart")}</span>
                  </th>
                  <th scope="col" className="insights-num">
                    {s("columns.people")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.campaigns.map((row) => (
                  <tr key={[row.source, row.medium, row.campaign, row.ref].join("\u0000")}>
                    {[row.source, row.medium, row.campaign, row.ref].map((value, i) => (
                      <td key={i} className="staff-table__text">
                        {value ?? <span className="muted">—</span>}
                      </td>
                    ))}
                    <td className="insights-bars__chart">
                      <span className="insights-bar" style={{ width: barWidth(row.count, people.registrants) }} aria-hidden="true" />
                    </td>
                    <td className="insights-num">
                      <Figure text={n(row.count)} withheld={withheld} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="survey" title={s("sections.survey.title")} help={s("sections.survey.help")}>
        <Cards
          withheld={withheld}
          cards={[
            { key: "responses", label: labels.figure("survey", "responses"), value: n(survey.responses) },
            { key: "satisfactionMean", label: labels.figure("survey", "satisfactionMean"), value: formatMean(survey.satisfactionMean, contexts.satisfactionMean), note: s("cards.satisfactionMean") },
          ]}
        />
        {survey.responses === 0 ? (
          <p className="empty">{s("noResponses")}</p>
        ) : (
          (["satisfaction", "joinAgain", "nextSteps"] as const).map((kind) => (
            <div key={kind} className="insights-survey-part">
              <h3 className="insights-subtitle" id={`insights-${kind}`}>
                {s(`sections.${kind}.title`)}
              </h3>
              <p className="insights-help">{s(`sections.${kind}.help`)}</p>
              <BarTable
                withheld={withheld}
                caption={s(`sections.${kind}.title`)}
                columns={barColumns("responses")}
                empty={s("noData")}
                rows={breakdownRows(kind, survey[kind], survey.responses, contexts.share(survey.responses))}
              />
            </div>
          ))
        )}
      </Section>

      <Section id="events" title={s("sections.events.title")} help={s("sections.events.help")}>
        <div className="staff-table-scroll" role="region" aria-label={s("sections.events.title")} tabIndex={0}>
          <table className="table staff-table insights-events">
            <caption className="visually-hidden">{s("sections.events.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{s("columns.event")}</th>
                <th scope="col">{s("columns.date")}</th>
                <th scope="col">{s("columns.area")}</th>
                <th scope="col">{s("columns.kind")}</th>
                <th scope="col">{s("columns.status")}</th>
                <th scope="col" className="insights-num">
                  {labels.figure("perEvent", "registrations")}
                </th>
                <th scope="col" className="insights-num">
                  {labels.figure("perEvent", "attended")}
                </th>
                <th scope="col" className="insights-num">
                  {labels.figure("perEvent", "noShow")}
                </th>
              </tr>
            </thead>
            <tbody>
              {dashboard.events.rows.map((event) => {
                const title = localized(event.titleJa, event.titleEn, locale);
                return (
                  <tr key={event.id}>
                    <th scope="row" className="staff-table__text insights-events__title">
                      {linkEvents ? <Link href={`/admin/events/${event.id}`}>{title}</Link> : title}
                    </th>
                    <td className="staff-table__date">{formatJst(event.startsAt).slice(0, 10)}</td>
                    <td>{labels.area(event.area)}</td>
                    <td>{labels.kind(event.kind)}</td>
                    <td>{labels.status(event.status)}</td>
                    <td className="insights-num">
                      <Figure text={n(event.registrations)} withheld={withheld} />
                    </td>
                    <td className="insights-num">
                      <Figure text={n(event.attended)} withheld={withheld} />
                    </td>
                    <td className="insights-num">
                      <Figure text={n(event.noShow)} withheld={withheld} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}

/** What each figure counts: on the page under the figures, and on the printed report's last page. */
export async function InsightsDefinitions() {
  const t = await getTranslations("staffInsights.definitions");
  const items = ["eventSet", "people", "stages", "rates", "survey", "anonymised", "suppression"] as const;
  return (
    <section className="insights-section insights-definitions" aria-labelledby="insights-definitions">
      <h2 id="insights-definitions">{t("title")}</h2>
      <dl>
        {items.map((item) => (
          <div key={item}>
            <dt>{t(`${item}.term`)}</dt>
            <dd>{t(`${item}.text`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The columns of an export, in file order: fixed columns, then the event's questions. */
export function ColumnList({ fixed, questions, noQuestions, labelledBy }: { fixed: string[]; questions: string[]; noQuestions: string; labelledBy?: string }) {
  return (
    <>
      <ol className="staff-export__columns" aria-labelledby={labelledBy}>
        {[...fixed, ...questions].map((header, index) => (
          <li key={`${index}-${header}`}>{header}</li>
        ))}
      </ol>
      {questions.length === 0 ? <p className="muted">{noQuestions}</p> : null}
    </>
  );
}

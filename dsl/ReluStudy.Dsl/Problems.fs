/// Problems found when a study is checked: where (script file and line of the keyword), which rule, which value.
namespace ReluStudy.Dsl

open System.IO

/// Where a keyword was written.
type Position = { File: string; Line: int }

/// One problem with a study, formatted like a compiler error.
type Problem =
    { Position: Position
      Code: string
      Keyword: string
      Message: string }

    /// file(line): error RSnnnn: keyword: rule; got value
    override p.ToString() =
        $"{Path.GetFileName p.Position.File}({p.Position.Line}): error {p.Code}: {p.Keyword}: {p.Message}"

module Problem =
    /// A problem at the given keyword's position.
    let at (position: Position) code keyword message =
        { Position = position; Code = code; Keyword = keyword; Message = message }

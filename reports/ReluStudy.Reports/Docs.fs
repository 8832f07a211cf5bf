/// The project's documentation as pages of the site: docs/theory.md (the theory in the project's words) and
/// docs/glossary.md, carried inside the generator like the assets, so a site published anywhere has them.
module ReluStudy.Reports.Docs

open System.IO
open ReluStudy.Reports.Page

let private read (name: string) =
    use stream = typeof<Page>.Assembly.GetManifestResourceStream $"docs/{name}.md"
    use reader = new StreamReader(stream)
    reader.ReadToEnd()

/// theory.html and glossary.html.
let pages: Page list =
    [ { Path = "theory"; Title = "Theory"; Markdown = read "theory"; Figures = [] }
      { Path = "glossary"; Title = "Glossary"; Markdown = read "glossary"; Figures = [] } ]

extension Setting {
    /// The cache, templates and message handling.
    static let applicationSettings: [Setting] = [.cacheAPICalls, .cacheFileName, .templatesDirectories, .dedent, .markdown, .log]

    /// `CACHE_API_CALLS`: answer repeated requests from the response cache.
    public static let cacheAPICalls = Setting(
        id: "cacheAPICalls", name: "CACHE_API_CALLS", aliases: ["cache"], kind: .boolean, default: false,
        help: "Keep answers in an SQLite file and answer repeated requests from it",
        placement: .service)

    /// `CACHE_FILE_NAME`: a name without `/` lives in troupe's cache folder; a path is used as given.
    public static let cacheFileName = Setting(
        id: "cacheFileName", name: "CACHE_FILE_NAME", aliases: ["cache_file_name"], kind: .text,
        default: "troupe_api_cache.sqlite",
        help: "The cache file: a name lives in ~/.cache/troupe/, a path (with /) is used as given",
        placement: .service)

    /// `TEMPLATES_DIR`: extra directories searched for prompt templates.
    public static let templatesDirectories = Setting(
        id: "templatesDirectories", name: "TEMPLATES_DIR", aliases: ["templates_dir", "templates_dirs", "templates"],
        kind: .pathList,
        help: "Extra directories searched for prompt templates, separated by ':'",
        placement: .application)

    /// `MARKDOWN`: the shell renders replies as Markdown on a terminal (headings, emphasis,
    /// lists, tables, highlighted code). Off, or off a terminal, replies print as sent.
    public static let markdown = Setting(
        id: "markdown", name: "MARKDOWN", aliases: ["markdown"], kind: .boolean, default: true,
        help: "Render replies as Markdown on a terminal (off: print them exactly as sent)",
        placement: .application)

    /// `DEDENT`: remove common indentation from messages before sending, as TinyTroupe does.
    public static let dedent = Setting(
        id: "dedent", name: "DEDENT", aliases: ["dedent"], kind: .boolean, default: true,
        help: "Remove common indentation from messages before sending them",
        placement: .messageText)

    /// `LOG`: write every turn to the conversation log
    /// (`${XDG_DATA_HOME:-~/.local/share}/troupe/logs.db`); `--no-log` turns it off for one run.
    public static let log = Setting(
        id: "log", name: "LOG", aliases: ["log"], kind: .boolean, default: true,
        help: "Write every turn to the conversation log (~/.local/share/troupe/logs.db; troupe log reads it)",
        placement: .application)
}

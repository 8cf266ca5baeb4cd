extension Setting {
    /// The chat request's parameters. Each is sent only when set; `placement` says where.
    static let parameterSettings: [Setting] = [
        .maxTokens, .maxCompletionTokens, .temperature, .topP, .frequencyPenalty, .presencePenalty,
        .reasoningEffort, .stop, .seed, .jsonMode, .serviceTier,
    ]

    /// `MAX_TOKENS`: the reply length limit of ordinary models. Unset by default (the
    /// server's own limit applies); a value is lowered to the catalog's maximum for the model.
    public static let maxTokens = Setting(
        id: "maxTokens", name: "MAX_TOKENS", aliases: ["max_tokens"], kind: .integer(1...10_000_000),
        optional: true,
        help: "Reply length limit of ordinary models (max_tokens)",
        placement: .maxTokens)

    /// `MAX_COMPLETION_TOKENS`: the reply length limit of reasoning models (reasoning
    /// included). Unset by default; lowered to the catalog's maximum for the model.
    public static let maxCompletionTokens = Setting(
        id: "maxCompletionTokens", name: "MAX_COMPLETION_TOKENS", aliases: ["max_completion_tokens"],
        kind: .integer(1...10_000_000), optional: true,
        help: "Reply length limit of reasoning models, reasoning tokens included (max_completion_tokens)",
        placement: .maxCompletionTokens)

    /// `TEMPERATURE`.
    public static let temperature = Setting(
        id: "temperature", name: "TEMPERATURE", aliases: ["temperature"], kind: .number(0...2), default: 1.0, optional: true,
        help: "Sampling temperature, 0 to 2 (not sent to reasoning models)",
        placement: .body("temperature", models: .ordinary))

    /// `TOP_P`.
    public static let topP = Setting(
        id: "topP", name: "TOP_P", aliases: ["top_p"], kind: .number(0...1), default: 1.0, optional: true,
        help: "Nucleus sampling, 0 to 1 (not sent to reasoning models)",
        placement: .body("top_p", models: .ordinary))

    /// `FREQ_PENALTY`.
    public static let frequencyPenalty = Setting(
        id: "frequencyPenalty", name: "FREQ_PENALTY", aliases: ["frequency_penalty"], kind: .number(-2...2), default: 0, optional: true,
        help: "Frequency penalty, -2 to 2 (not sent to reasoning models)",
        placement: .body("frequency_penalty", models: .ordinary))

    /// `PRESENCE_PENALTY`.
    public static let presencePenalty = Setting(
        id: "presencePenalty", name: "PRESENCE_PENALTY", aliases: ["presence_penalty"], kind: .number(-2...2), default: 0, optional: true,
        help: "Presence penalty, -2 to 2 (not sent to reasoning models)",
        placement: .body("presence_penalty", models: .ordinary))

    /// `REASONING_EFFORT`: `none` is itself an effort the API accepts; empty leaves it unset.
    public static let reasoningEffort = Setting(
        id: "reasoningEffort", name: "REASONING_EFFORT", aliases: ["reasoning_effort"],
        kind: .choice(["none", "minimal", "low", "medium", "high", "xhigh", "max"]), default: "high", optional: true,
        help: "Reasoning effort of reasoning models",
        placement: .body("reasoning_effort", models: .reasoning))

    /// `STOP`: up to four stop sequences.
    public static let stop = Setting(
        id: "stop", name: "STOP", aliases: ["stop"], kind: .stopSequences,
        help: "Stop sequences: one, or a JSON array of up to 4",
        placement: .body("stop"))

    /// `SEED`, for repeatable sampling. Limited to the integers JSON numbers hold exactly.
    public static let seed = Setting(
        id: "seed", name: "SEED", aliases: ["seed"], kind: .integer(-9_007_199_254_740_991...9_007_199_254_740_991),
        help: "Seed for repeatable sampling",
        placement: .body("seed"))

    /// `JSON`: JSON mode (`response_format: {"type": "json_object"}`).
    public static let jsonMode = Setting(
        id: "jsonMode", name: "JSON", aliases: ["json", "json_mode"], kind: .boolean, default: false,
        help: "JSON mode: ask for a JSON object (response_format json_object)",
        placement: .jsonMode)

    /// `SERVICE_TIER`: OpenAI's processing tier (`flex` is cheaper and slower, `priority` faster).
    public static let serviceTier = Setting(
        id: "serviceTier", name: "SERVICE_TIER", aliases: ["service_tier"],
        kind: .choice(["auto", "default", "flex", "scale", "priority"]),
        help: "OpenAI processing tier: auto, default, flex, scale or priority",
        placement: .body("service_tier"))
}

extension Setting {
    /// Every setting, in the order listings show them.
    public static let all: [Setting] =
        serviceSettings + modelSettings + parameterSettings + localSettings + applicationSettings

    /// The settings kept in ``ChatParameters`` (a request's own parameters).
    public static let requestParameters: [Setting] = all.filter(\.placement.isRequestParameter)

    private static let byID: [String: Setting] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    private static let bySpelling: [String: Setting] = {
        var table: [String: Setting] = [:]
        for setting in all {
            for spelling in [setting.name.lowercased()] + setting.aliases where table[spelling] == nil {
                table[spelling] = setting
            }
        }
        return table
    }()

    /// The setting named `text`: its INI name or an alias, in any case, `-` read as `_`.
    public static func named(_ text: String) -> Setting? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        return bySpelling[wanted]
    }

    /// The setting with ``id`` `id` (as session files name them).
    public static func withID(_ id: String) -> Setting? {
        byID[id]
    }

    /// The closest setting name to a mistyped one, when it is close enough to be a typo.
    public static func nearest(to text: String) -> Setting? {
        let spellings = all.flatMap { [$0.name] + $0.aliases }
        guard let best = spellings.nearest(to: text) else { return nil }
        guard best.distance <= max(2, best.name.count / 3) else { return nil }
        return named(best.name)
    }
}

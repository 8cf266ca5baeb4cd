import Foundation

/// Where a template was found.
public enum TemplateOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `./Templates` under the current directory.
    case project
    /// A directory listed in TEMPLATES_DIR (configuration).
    case configured
    /// Shipped with troupe (embedded in the binary).
    case builtIn
    /// Named by a file path.
    case file

    public var description: String {
        switch self {
        case .project: return "project"
        case .configured: return "TEMPLATES_DIR"
        case .builtIn: return "built-in"
        case .file: return "file"
        }
    }
}

/// One template the locator can see.
public struct TemplateEntry: Sendable, Hashable {
    /// The name to use it by: the file name without `.mustache` (with sub-folders, `sub/name`).
    public var name: String
    /// The file path, or `builtin:NAME.mustache` for templates embedded in troupe.
    public var path: String
    public var origin: TemplateOrigin
    /// True when an earlier search location has a template with the same name.
    public var isShadowed: Bool

    public init(name: String, path: String, origin: TemplateOrigin, isShadowed: Bool = false) {
        self.name = name
        self.path = path
        self.origin = origin
        self.isShadowed = isShadowed
    }
}

/// A template's text with where it came from.
public struct TemplateSource: Sendable, Hashable {
    public var entry: TemplateEntry
    public var text: String
}

/// Finds templates by name: `./Templates`, then the TEMPLATES_DIR directories, then the built-in ones.
///
/// Nothing is cached: every `load` reads the file again, so edits show at the next render.
public struct TemplateLocator: Sendable {
    /// The file extension of template files.
    public static let fileExtension = "mustache"

    /// `./Templates`, resolved against the working directory when the locator was made.
    public var projectDirectory: String?
    /// Directories from TEMPLATES_DIR, in order.
    public var configuredDirectories: [String]
    /// Whether to include the templates embedded in troupe.
    public var includesBuiltIn: Bool

    /// - Parameters:
    ///   - projectDirectory: the project folder; defaults to `Templates` in the current directory.
    ///   - configuredDirectories: TEMPLATES_DIR, in order (`TroupeConfig.templatesDirectories`).
    ///   - includesBuiltIn: whether the shipped templates come last in the search.
    public init(
        projectDirectory: String? = TemplateLocator.defaultProjectDirectory(),
        configuredDirectories: [String] = [],
        includesBuiltIn: Bool = true
    ) {
        self.projectDirectory = projectDirectory
        self.configuredDirectories = configuredDirectories.map { Self.expandingTilde($0) }
        self.includesBuiltIn = includesBuiltIn
    }

    /// `<current directory>/Templates`.
    public static func defaultProjectDirectory() -> String {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("Templates").path
    }

    /// The search locations, in order, as shown in error messages.
    public var searchedLocations: [String] {
        var locations: [String] = []
        if let projectDirectory { locations.append("\(projectDirectory) (project)") }
        locations += configuredDirectories.map { "\($0) (TEMPLATES_DIR)" }
        if includesBuiltIn { locations.append("built-in templates") }
        return locations
    }

    /// Reads the template called `name` (with or without `.mustache`) from the first location holding it.
    ///
    /// A name with a `/` that points at an existing file is read from that path.
    /// - Throws: ``TemplateError/notFound(name:searched:suggestion:)`` or ``TemplateError/unreadable(path:reason:)``.
    public func load(_ name: String) throws -> TemplateSource {
        if let source = try find(name) { return source }
        throw TemplateError.notFound(
            name: name, searched: searchedLocations, suggestion: suggestion(for: name))
    }

    /// Like ``load(_:)`` but returns nil when no location has the template.
    public func find(_ name: String) throws -> TemplateSource? {
        let base = Self.baseName(name)
        let fileName = base + "." + Self.fileExtension
        if name.contains("/") {
            let path = Self.expandingTilde(name)
            for candidate in [path, path + "." + Self.fileExtension] where Self.isFile(candidate) {
                let entry = TemplateEntry(name: base, path: candidate, origin: .file)
                return TemplateSource(entry: entry, text: try Self.read(candidate))
            }
        }
        for (directory, origin) in directories {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
            if Self.isFile(path) {
                let entry = TemplateEntry(name: base, path: path, origin: origin)
                return TemplateSource(entry: entry, text: try Self.read(path))
            }
        }
        if includesBuiltIn, let text = BuiltInTemplates.all[base] {
            let entry = TemplateEntry(name: base, path: "builtin:\(fileName)", origin: .builtIn)
            return TemplateSource(entry: entry, text: text)
        }
        return nil
    }

    /// Every template in every location, in search order; a name found again later is marked shadowed.
    public func list() -> [TemplateEntry] {
        var seen: Set<String> = []
        var entries: [TemplateEntry] = []
        func add(_ name: String, _ path: String, _ origin: TemplateOrigin) {
            entries.append(TemplateEntry(name: name, path: path, origin: origin, isShadowed: seen.contains(name)))
            seen.insert(name)
        }
        for (directory, origin) in directories {
            for name in Self.templateNames(in: directory) {
                add(name, URL(fileURLWithPath: directory).appendingPathComponent(name + "." + Self.fileExtension).path, origin)
            }
        }
        if includesBuiltIn {
            for name in BuiltInTemplates.all.keys.sorted() {
                add(name, "builtin:\(name).\(Self.fileExtension)", .builtIn)
            }
        }
        return entries
    }

    /// The names a user can render (each once), sorted.
    public func names() -> [String] {
        Array(Set(list().map(\.name))).sorted()
    }

    /// The known name nearest to `name`, when it is close enough to be a likely typo.
    public func suggestion(for name: String) -> String? {
        let base = Self.baseName(name)
        let candidates = names()
        guard let best = candidates.nearest(to: base) else { return nil }
        // A prefix match ("persona" for "persona.system") is a good hint too.
        if best.distance <= max(2, base.count / 3) { return best.name }
        return candidates.first { $0.hasPrefix(base) }
    }

    // MARK: - Helpers

    private var directories: [(String, TemplateOrigin)] {
        var result: [(String, TemplateOrigin)] = []
        if let projectDirectory { result.append((projectDirectory, .project)) }
        result += configuredDirectories.map { ($0, .configured) }
        return result
    }

    /// `name` without a trailing `.mustache` and without any leading folders of a path.
    static func baseName(_ name: String) -> String {
        var base = name
        if base.hasSuffix("." + fileExtension) { base.removeLast(fileExtension.count + 1) }
        if name.contains("/"), isFile(expandingTilde(name)) || isFile(expandingTilde(name) + "." + fileExtension) {
            base = URL(fileURLWithPath: base).lastPathComponent
        }
        return base
    }

    static func templateNames(in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var names: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix("." + fileExtension) else { continue }
            guard isFile(root.appendingPathComponent(relative).path) else { continue }
            names.append(String(relative.dropLast(fileExtension.count + 1)))
        }
        return names.sorted()
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func read(_ path: String) throws -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError.unreadable(path: path, reason: "the file is not UTF-8 text")
            }
            return text
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst()
    }
}

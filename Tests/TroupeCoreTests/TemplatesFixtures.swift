import Foundation
@testable import TroupeCore

/// A temporary folder tree for template tests, removed when released.
final class TemplateFolders {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("troupe-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// `<root>/<folder>` as a path (created).
    func folder(_ folder: String) throws -> String {
        let url = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `<root>/<folder>/<file>`.
    @discardableResult
    func write(_ text: String, to file: String, in folder: String = "Templates") throws -> String {
        let path = URL(fileURLWithPath: try self.folder(folder)).appendingPathComponent(file).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A renderer over `<root>/Templates`, then `configured` folders, with or without built-ins.
    func renderer(configured: [String] = [], builtIn: Bool = false, escapesHTML: Bool = true) throws -> TemplateRenderer {
        let locator = TemplateLocator(
            projectDirectory: try folder("Templates"),
            configuredDirectories: try configured.map { try folder($0) },
            includesBuiltIn: builtIn)
        return TemplateRenderer(locator: locator, escapesHTML: escapesHTML)
    }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

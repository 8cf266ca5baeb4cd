import Foundation
import TroupeCore

extension SlashCommand {
    /// `/file PATH...`, `/file !CMD`: text for the next message.
    public static let file = SlashCommand(
        name: "file", arguments: "PATH...|!CMD|--clear",
        summary: "Attach text files (globs too) or a command's output to the next message",
        details: """
            Each file goes before your next message as its name on a line, then its text in a fenced block. \
            Images (PNG, JPEG, WebP, GIF) go as image parts to models the catalog marks as accepting images. \
            Other binary files are refused with the reason. /file !CMD attaches what /bin/sh -c CMD prints. \
            Alone, /file lists what is attached; /file --clear drops it.
            """
    ) { shell, arguments in
        try await shell.attach(arguments)
    }

    /// `/export FILE.md`: the conversation as Markdown.
    public static let export = SlashCommand(
        name: "export", arguments: "FILE.md",
        summary: "Write the conversation (the branch in use) to a Markdown file"
    ) { shell, arguments in
        try await shell.export(to: arguments)
    }
}

extension ShellEngine {
    func attach(_ arguments: String) async throws {
        let directory = FileManager.default.currentDirectoryPath
        let model = await service.modelInUse()
        if arguments.isEmpty {
            guard !pendingAttachments.isEmpty || !pendingImages.isEmpty else {
                output.info("Nothing attached; /file PATH attaches a file to the next message.")
                return
            }
            for attachment in pendingAttachments { output.line("  \(attachment.name)  " + output.style.dim(tokenLabel(attachment, model))) }
            for image in pendingImages { output.line("  \(image.name)  " + output.style.dim(Self.imageLabel(image))) }
            output.info("They go with your next message (/file --clear drops them).")
            return
        }
        if arguments == "--clear" {
            output.info(pendingAttachments.isEmpty && pendingImages.isEmpty ? "Nothing was attached." : "Attachments dropped.")
            pendingAttachments = []
            pendingImages = []
            return
        }
        var added: [Attachment] = []
        var images: [ImagePart] = []
        if arguments.hasPrefix("!") {
            let command = arguments.dropFirst().trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty else { throw ShellCommandError.invalid("give a command after !, e.g. /file !git diff") }
            added.append(try Attachment.commandOutput(command, in: directory))
        } else {
            for word in arguments.split(whereSeparator: \.isWhitespace).map(String.init) {
                for path in try Attachment.paths(matching: word, in: directory, home: service.paths.home) {
                    do throws(AttachmentError) {
                        switch try Attachment.content(of: path, in: directory) {
                        case .text(let attachment): added.append(attachment)
                        case .image(let image):
                            guard service.catalog.facts(for: model)?.capabilities.vision == true else {
                                throw AttachmentError.imageNotSupported(path: path, model: model)
                            }
                            images.append(image)
                        }
                    } catch {
                        // One refused file does not stop the others.
                        output.error(error.description)
                    }
                }
            }
        }
        pendingAttachments += added
        pendingImages += images
        for attachment in added { output.info("attached \(attachment.name) (\(tokenLabel(attachment, model)))") }
        for image in images { output.info("attached \(image.name) (\(Self.imageLabel(image)))") }
        if !added.isEmpty || !images.isEmpty { output.info("It goes with your next message.") }
    }

    private func tokenLabel(_ attachment: Attachment, _ model: String) -> String {
        let tokens = ChatTokenCount.completionTokens(attachment.block, model: model)
        return "\(Self.grouped(tokens)) token\(tokens == 1 ? "" : "s")"
    }

    /// `PNG 800×600, about 765 tokens`.
    static func imageLabel(_ image: ImagePart) -> String {
        let kind = image.mediaType.replacingOccurrences(of: "image/", with: "").uppercased()
        let size = image.width.flatMap { w in image.height.map { "\(w)×\($0)" } }.map { " \($0)" } ?? ""
        return "\(kind)\(size) image, about \(grouped(image.estimatedTokens)) tokens"
    }

    func export(to path: String) async throws {
        guard !path.isEmpty else { throw ShellCommandError.invalid("give a file name, e.g. /export chat.md") }
        var target = path
        if let home = service.paths.home, path.hasPrefix("~/") { target = home + path.dropFirst() }
        let text = ConversationMarkdown.render(
            messages, model: await service.modelInUse(), branch: tree.current.name, date: Date())
        do {
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        } catch {
            throw ShellCommandError.invalid("cannot write \(target): \((error as NSError).localizedDescription)")
        }
        output.info("Wrote \(messages.count) message(s) to \(target).")
    }
}

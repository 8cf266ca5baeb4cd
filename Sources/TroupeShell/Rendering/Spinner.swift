/// A small animation on the current line while the shell waits for a reply's first token.
/// `stop()` erases it before anything else is printed.
actor Spinner {
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private let output: ShellOutput
    private var task: Task<Void, Never>?
    /// What the spinner says; a retry or a starting server changes it while it runs.
    private var label = ""

    init(output: ShellOutput) {
        self.output = output
    }

    /// Starts drawing, after a short delay so that quick replies show no flicker.
    func start(label: String) {
        guard task == nil else { return }
        self.label = label
        let output = output
        task = Task {
            try? await Task.sleep(for: .milliseconds(120))
            var index = 0
            while !Task.isCancelled {
                let label = await self.label
                output.status("\r\u{1B}[K" + output.style.dim(Self.frames[index % Self.frames.count] + " " + label))
                index += 1
                try? await Task.sleep(for: .milliseconds(90))
            }
            if index > 0 {
                output.status("\r\u{1B}[K")
            }
        }
    }

    /// Changes what the spinner says.
    func setLabel(_ label: String) {
        self.label = label
    }

    /// Stops and erases the spinner; returns once the line is clear.
    func stop() async {
        guard let task else { return }
        self.task = nil
        task.cancel()
        await task.value
    }
}

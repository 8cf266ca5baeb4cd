import Foundation

extension EvalReport {
    /// The report as JUnit XML: one `<testsuite>` and one `<testcase>` per cell, named
    /// `provider › prompt › test` (label or id, label or text, description or variables), with a
    /// `<failure>` listing the failed checks, or an `<error>` when the cell got no answer.
    public func junitXML() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let name = description ?? (suite as NSString).lastPathComponent
        xml += "<testsuites name=\"\(Self.escape(name))\" tests=\"\(stats.cells)\" failures=\"\(stats.failed)\" errors=\"\(stats.errors)\" time=\"\(String(format: "%.3f", durationSeconds))\">\n"
        xml += "  <testsuite name=\"\(Self.escape(name))\" tests=\"\(stats.cells)\" failures=\"\(stats.failed)\" errors=\"\(stats.errors)\" time=\"\(String(format: "%.3f", durationSeconds))\">\n"
        for result in results {
            let provider = result.providerLabel ?? result.provider
            var caseName = "\(provider) › \(Self.oneLine(result.prompt, limit: 80)) › \(Self.oneLine(result.test, limit: 120))"
            if repeatCount > 1 { caseName += " › sample \(result.repeatIndex + 1)" }
            let time = String(format: "%.3f", (result.latencyMilliseconds ?? 0) / 1000)
            xml += "    <testcase classname=\"\(Self.escape(provider))\" name=\"\(Self.escape(caseName))\" time=\"\(time)\""
            switch result.status {
            case .pass:
                xml += "/>\n"
            case .error:
                let message = result.error ?? "no answer"
                xml += ">\n      <error message=\"\(Self.escape(Self.oneLine(message, limit: 300)))\">\(Self.escape(message))</error>\n    </testcase>\n"
            case .fail:
                let failed = result.assertions.filter { !$0.pass }
                let lines = failed.isEmpty ? [result.reason ?? "failed"] : failed.map { "\($0.check): \($0.reason)" }
                let message = result.reason ?? lines.first ?? "failed"
                var body = lines.joined(separator: "\n")
                if let output = result.output { body += "\n\nOutput:\n\(output)" }
                xml += ">\n      <failure message=\"\(Self.escape(Self.oneLine(message, limit: 300)))\">\(Self.escape(body))</failure>\n    </testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    /// Text made safe for XML attributes and content (control characters XML forbids dropped).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\t", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

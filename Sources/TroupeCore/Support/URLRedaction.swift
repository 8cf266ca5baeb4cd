import Foundation

/// Hides credentials that people put inside URLs (`https://user:password@host`, `?key=...`,
/// `?api-key=...`) before a URL is shown or logged.
public enum URLRedaction {
    /// `url` with any user info replaced by `***`, and the value of each query item whose name
    /// looks like a credential (`key`, `api-key`, `token`, `sig`, `secret`, `password`, `auth`, `code`).
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        var changed = false
        if components.user != nil || components.password != nil {
            components.user = "***"
            components.password = nil
            changed = true
        }
        if let items = components.queryItems, !items.isEmpty {
            let hidden = items.map { item -> URLQueryItem in
                let name = item.name.lowercased()
                let secret = ["key", "token", "sig", "secret", "password", "auth", "code"].contains { name.contains($0) }
                return secret && item.value != nil ? URLQueryItem(name: item.name, value: "***") : item
            }
            if hidden != items {
                components.queryItems = hidden
                changed = true
            }
        }
        guard changed else { return url }
        return (components.string ?? url).replacingOccurrences(of: "%2A%2A%2A", with: "***")
    }
}

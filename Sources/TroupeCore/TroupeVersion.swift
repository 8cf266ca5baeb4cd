/// The version of troupe, printed by `troupe --version`.
public enum TroupeVersion {
    public static let current = "0.1.0"
}

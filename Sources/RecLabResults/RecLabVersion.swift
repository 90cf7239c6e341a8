/// The RecLab version recorded in every result and report, and mixed into
/// every trial's content hash.
public enum RecLabVersion {
    public static let string = "0.1.0"
}

extension ModelRegistry {
    /// Entries of the neighbourhood and further factorisation models.
    static var extraEntries: [Entry] { [] }
}

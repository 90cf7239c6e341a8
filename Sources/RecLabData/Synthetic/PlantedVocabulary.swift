/// Words the generator uses for genres, tags and titles.
enum PlantedVocabulary {
    /// The 18 genres of MovieLens 20M (besides IMAX and "(no genres listed)").
    static let genres = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
                         "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
                         "War", "Western"]
    static let noGenres = "(no genres listed)"

    /// Tag words per genre topic (same order as `genres`); the first words are the most used.
    static let tagWords: [[String]] = [
        ["action", "explosions", "car chase", "martial arts", "fight scenes", "heist", "hitman", "stunts"],
        ["adventure", "quest", "treasure", "jungle", "pirates", "exploration", "survival", "journey"],
        ["animation", "pixar", "anime", "stop motion", "hand drawn", "talking animals", "cartoon", "studio ghibli"],
        ["family", "kids", "disney", "coming of age", "friendship", "school", "fairy tale", "cute"],
        ["funny", "comedy", "dark comedy", "satire", "parody", "quirky", "witty", "hilarious"],
        ["crime", "mafia", "gangsters", "police", "detective", "heist", "drugs", "noir"],
        ["documentary", "true story", "history", "nature", "politics", "music", "biography", "science"],
        ["drama", "emotional", "atmospheric", "character study", "tearjerker", "family drama", "slow", "melancholy"],
        ["fantasy", "magic", "dragons", "wizards", "mythology", "fairy tale", "surreal", "epic"],
        ["film noir", "black and white", "femme fatale", "hard-boiled", "classic", "detective", "moody", "1940s"],
        ["horror", "gore", "zombies", "vampires", "creepy", "haunted house", "slasher", "jump scares"],
        ["musical", "singing", "dance", "broadway", "great soundtrack", "songs", "music", "choreography"],
        ["mystery", "twist ending", "whodunit", "plot twist", "puzzle", "suspense", "clever", "mindfuck"],
        ["romance", "love story", "romantic", "chick flick", "wedding", "relationships", "sweet", "love triangle"],
        ["sci-fi", "space", "aliens", "time travel", "dystopia", "robots", "artificial intelligence", "future"],
        ["thriller", "suspense", "tense", "psychological", "conspiracy", "serial killer", "paranoia", "dark, gritty"],
        ["war", "world war ii", "vietnam", "military", "anti-war", "soldiers", "history", "battle"],
        ["western", "cowboys", "gunfight", "frontier", "outlaws", "spaghetti western", "desert", "revenge"],
    ]

    static let titleWords = ["Shadow", "River", "Night", "Dream", "Storm", "Silence", "Garden", "Mirror", "Winter",
                             "Fire", "Stranger", "Promise", "Echo", "Harbor", "Journey", "Secret"]
}

package io.omnihub.inbound.files;

/** A file that is not what its extension says (not UTF-8, not well-formed, no header …); nothing of it is applied. */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(long line, long column, String problem) {
        super(where(line, column) + problem);
    }

    public UnreadableFileException(String problem) {
        super(problem);
    }

    private static String where(long line, long column) {
        if (line <= 0) {
            return "";
        }
        return column > 0 ? "line " + line + ", column " + column + ": " : "line " + line + ": ";
    }
}

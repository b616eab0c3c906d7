package dev.creor.cli.architecture;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Finds public API without Javadoc: public or protected types, constructors, methods and
 * fields of exported (non-{@code internal}) packages. Overrides inherit their documentation,
 * and members of a non-public type are not API.
 */
final class PublicApiDocumentation {
    private PublicApiDocumentation() {
    }

    /** Every undocumented declaration under the source roots, as {@code File.java:line: what}. */
    static List<String> undocumented(List<Path> sourceRoots) {
        List<Path> sources = sourceRoots.stream().flatMap(PublicApiDocumentation::javaFiles)
                .filter(path -> !path.toString().contains("/internal/"))
                .toList();
        if (sources.isEmpty()) {
            return List.of();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            List<String> missing = new ArrayList<>();
            for (CompilationUnitTree unit : task.parse()) {
                new Scanner(docs, unit, missing).scan(unit, null);
            }
            return missing;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path root) {
        if (Files.isRegularFile(root) && root.toString().endsWith(".java")) {
            return Stream.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no source directory " + root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.getFileName().toString().equals("package-info.java"))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        Scanner(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            if (!isApi(type.getModifiers(), enclosingIsInterface())) {
                return null;
            }
            require(type.getSimpleName().toString());
            return super.visitClass(type, unused);
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            boolean override = method.getModifiers().getAnnotations().stream()
                    .anyMatch(annotation -> annotation.getAnnotationType().toString().endsWith("Override"));
            boolean generatedDefaultConstructor = method.getName().contentEquals("<init>")
                    && docs.getSourcePositions().getStartPosition(unit, method) < 0;
            if (!override && !generatedDefaultConstructor && isApi(method.getModifiers(), enclosingIsInterface())) {
                require(method.getName().contentEquals("<init>") ? "constructor" : method.getName() + "()");
            }
            return null;
        }

        @Override
        public Void visitVariable(VariableTree field, Void unused) {
            // Only fields reach here: methods are not descended into. Enum constants are implicitly public.
            if (isApi(field.getModifiers(), enclosingIsInterface())) {
                require(field.getName().toString());
            }
            return null;
        }

        private boolean enclosingIsInterface() {
            TreePath parent = getCurrentPath().getParentPath();
            Tree leaf = parent == null ? null : parent.getLeaf();
            return leaf != null && (leaf.getKind() == Tree.Kind.INTERFACE || leaf.getKind() == Tree.Kind.ANNOTATION_TYPE);
        }

        private static boolean isApi(ModifiersTree modifiers, boolean inInterface) {
            var flags = modifiers.getFlags();
            if (flags.contains(Modifier.PRIVATE)) {
                return false;
            }
            return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED) || inInterface;
        }

        private void require(String what) {
            if (docs.getDocCommentTree(getCurrentPath()) == null) {
                long position = docs.getSourcePositions().getStartPosition(unit, getCurrentPath().getLeaf());
                long line = unit.getLineMap().getLineNumber(position);
                missing.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + ": " + what);
            }
        }
    }
}

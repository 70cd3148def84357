// expect: DET302@7 DET302@11
package fetch

import "os/exec"

func Download(url string) error {
	return exec.Command("curl", "-sSLO", url).Run()
}

func Install() error {
	return exec.Command("sh", "-c", "go get example.com/mod@v1.2.3").Run()
}
